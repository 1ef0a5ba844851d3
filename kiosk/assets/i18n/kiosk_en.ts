<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>Kiosk</name>
    <message numerus="yes">
        <source>%n 秒后将结束本次办理，并清除您的信息。</source>
        <translation>
            <numerusform>Your visit ends in %n second and your details will be cleared.</numerusform>
            <numerusform>Your visit ends in %n seconds and your details will be cleared.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n 秒后将退出维护，回到服务界面。</source>
        <translation>
            <numerusform>The diagnostics screen closes in %n second and the kiosk returns to its citizens.</numerusform>
            <numerusform>The diagnostics screen closes in %n seconds and the kiosk returns to its citizens.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>共 %n 页</source>
        <translation>
            <numerusform>%n page</numerusform>
            <numerusform>%n pages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>密码错误次数过多，请 %n 分钟后再试。</source>
        <translation>
            <numerusform>Too many wrong PINs. Try again in %n minute.</numerusform>
            <numerusform>Too many wrong PINs. Try again in %n minutes.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n 次</source>
        <translation>
            <numerusform>%n session</numerusform>
            <numerusform>%n sessions</numerusform>
        </translation>
    </message>
    <message>
        <source>政务服务自助终端</source>
        <translation>Government self-service kiosk</translation>
    </message>
    <message>
        <source>长辈模式</source>
        <translation>Senior mode</translation>
    </message>
    <message>
        <source>退出长辈模式</source>
        <translation>Leave senior mode</translation>
    </message>
    <message>
        <source>English</source>
        <translation>English</translation>
    </message>
    <message>
        <source>中文</source>
        <translation>中文</translation>
    </message>
    <message>
        <source>朗读</source>
        <translation>Read aloud</translation>
    </message>
    <message>
        <source>一键求助</source>
        <translation>Call for help</translation>
    </message>
    <message>
        <source>需要帮助？</source>
        <translation>Need help?</translation>
    </message>
    <message>
        <source>服务地点：%1</source>
        <translation>Location: %1</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>您还在吗？</source>
        <translation>Are you still there?</translation>
    </message>
    <message>
        <source>需要更多时间</source>
        <translation>I need more time</translation>
    </message>
    <message>
        <source>结束办理</source>
        <translation>End visit</translation>
    </message>
    <message>
        <source>返回</source>
        <translation>Go back</translation>
    </message>
    <message>
        <source>完成</source>
        <translation>Finish</translation>
    </message>
    <message>
        <source>请稍候…</source>
        <translation>One moment, please…</translation>
    </message>
    <message>
        <source>政务服务 自助办理</source>
        <translation>Government services, self-service</translation>
    </message>
    <message>
        <source>请触摸屏幕开始</source>
        <translation>Touch the screen to start</translation>
    </message>
    <message>
        <source>服务时间：%1</source>
        <translation>Opening hours: %1</translation>
    </message>
    <message>
        <source>可办理：</source>
        <translation>You can print here:</translation>
    </message>
    <message>
        <source>服务热线：%1</source>
        <translation>Service hotline: %1</translation>
    </message>
    <message>
        <source>请触摸屏幕开始办理。</source>
        <translation>Touch the screen to start.</translation>
    </message>
    <message>
        <source>请选择要办理的业务</source>
        <translation>Choose what you would like to print</translation>
    </message>
    <message>
        <source>全程约 2 分钟，需要本人身份证</source>
        <translation>It takes about 2 minutes and needs your own ID card</translation>
    </message>
    <message>
        <source>请选择要办理的业务。点击屏幕上的业务名称即可开始。</source>
        <translation>Choose what you would like to print. Tap its name on the screen to start.</translation>
    </message>
    <message>
        <source>暂停服务：%1</source>
        <translation>Unavailable: %1</translation>
    </message>
    <message>
        <source>暂时没有可办理的业务，请到人工窗口办理。</source>
        <translation>Nothing can be printed here right now. Please go to a staffed window.</translation>
    </message>
    <message>
        <source>办理须知</source>
        <translation>Before you start</translation>
    </message>
    <message>
        <source>您需要：本人居民身份证或社会保障卡。办理中需进行人脸核验。</source>
        <translation>You need your own resident ID card or social security card. The kiosk will check your face against it.</translation>
    </message>
    <message>
        <source>同意并继续</source>
        <translation>Agree and continue</translation>
    </message>
    <message>
        <source>请阅读办理须知。同意后，请点击“同意并继续”。</source>
        <translation>Please read this first. If you agree, tap “Agree and continue”.</translation>
    </message>
    <message>
        <source>请将身份证放在感应区</source>
        <translation>Place your ID card on the reader</translation>
    </message>
    <message>
        <source>请将身份证或社保卡放在感应区</source>
        <translation>Place your ID card or social security card on the reader</translation>
    </message>
    <message>
        <source>感应区在屏幕下方，亮灯处。放好后请不要移动证件。</source>
        <translation>The reader is below the screen, where the light is. Keep the card still once it is there.</translation>
    </message>
    <message>
        <source>正在读取证件，请不要移动</source>
        <translation>Reading your card — please keep it still</translation>
    </message>
    <message>
        <source>读取完成后会自动进入下一步。</source>
        <translation>When it has been read, the next step opens by itself.</translation>
    </message>
    <message>
        <source>请将身份证放在屏幕下方的感应区，放好后不要移动。</source>
        <translation>Place your ID card on the reader below the screen and keep it still.</translation>
    </message>
    <message>
        <source>证件被移开了，请重新放好，读取完成前不要移动。</source>
        <translation>The card was moved. Please place it again and keep it still until it has been read.</translation>
    </message>
    <message>
        <source>没有读取成功，请把证件重新放好。</source>
        <translation>The card could not be read. Please place it again.</translation>
    </message>
    <message>
        <source>本业务需要居民身份证，请换用身份证。</source>
        <translation>This service needs your resident ID card. Please use it instead.</translation>
    </message>
    <message>
        <source>这不是首次打印时使用的证件，补打请放同一张证件。</source>
        <translation>This is not the card used for the first printing. For a reprint, please place that same card.</translation>
    </message>
    <message>
        <source>需要使用长辈模式吗？</source>
        <translation>Would you like senior mode?</translation>
    </message>
    <message>
        <source>%1，您好。</source>
        <translation>Hello, %1.</translation>
    </message>
    <message>
        <source>长辈模式字更大、按钮更大、操作时间更长，每一步都有语音提示。</source>
        <translation>Senior mode has bigger text and buttons, more time for each step, and reads every step aloud.</translation>
    </message>
    <message>
        <source>使用长辈模式</source>
        <translation>Use senior mode</translation>
    </message>
    <message>
        <source>不用，继续</source>
        <translation>No, continue</translation>
    </message>
    <message>
        <source>需要使用长辈模式吗？长辈模式字更大，操作时间更长。需要请点击“使用长辈模式”。</source>
        <translation>Would you like senior mode? It has bigger text and more time. To use it, tap “Use senior mode”.</translation>
    </message>
    <message>
        <source>谢谢，再见</source>
        <translation>Thank you, goodbye</translation>
    </message>
    <message>
        <source>您的信息已从本机清除。</source>
        <translation>Your details have been erased from this kiosk.</translation>
    </message>
    <message>
        <source>本次办理已结束，您的信息已从本机清除。</source>
        <translation>Your visit has ended and your details have been erased from this kiosk.</translation>
    </message>
    <message>
        <source>谢谢，再见。</source>
        <translation>Thank you, goodbye.</translation>
    </message>
    <message>
        <source>您好。</source>
        <translation>Hello.</translation>
    </message>
    <message>
        <source>您选择了：%1</source>
        <translation>You chose: %1</translation>
    </message>
    <message>
        <source>您可以：</source>
        <translation>What you can do:</translation>
    </message>
    <message>
        <source>补打码</source>
        <translation>Reprint code</translation>
    </message>
    <message>
        <source>您较长时间没有操作，本次办理已结束。</source>
        <translation>Nothing happened for a while, so your visit has ended.</translation>
    </message>
    <message>
        <source>这张证件不能用于办理。</source>
        <translation>This card cannot be used here.</translation>
    </message>
    <message>
        <source>多次尝试后仍无法读取您的证件。</source>
        <translation>Your card could not be read after several tries.</translation>
    </message>
    <message>
        <source>设备出现故障，本次办理无法继续。</source>
        <translation>A device failed, so your visit cannot continue.</translation>
    </message>
    <message>
        <source>暂时无法查询到您的信息，本次办理无法继续。</source>
        <translation>Your records cannot be looked up right now, so your visit cannot continue.</translation>
    </message>
    <message>
        <source>没有查到您的相关记录。</source>
        <translation>No record was found for you.</translation>
    </message>
    <message>
        <source>没有查到由您担任法定代表人的企业。</source>
        <translation>No business was found with you as its legal representative.</translation>
    </message>
    <message>
        <source>人脸核验没有通过。</source>
        <translation>The face check did not succeed.</translation>
    </message>
    <message>
        <source>无法取得用于人脸比对的证件照片。</source>
        <translation>The photo needed for the face check could not be obtained.</translation>
    </message>
    <message>
        <source>文件没有打印完成。</source>
        <translation>Your document was not printed completely.</translation>
    </message>
    <message>
        <source>系统出现问题，本次办理已结束。</source>
        <translation>Something went wrong in the kiosk, so your visit has ended.</translation>
    </message>
    <message>
        <source>如需继续办理，请重新开始。</source>
        <translation>To carry on, please start again.</translation>
    </message>
    <message>
        <source>请使用有效证件，或到人工窗口办理。</source>
        <translation>Please use a valid card, or go to a staffed window.</translation>
    </message>
    <message>
        <source>请检查证件是否完好，或到人工窗口办理。</source>
        <translation>Please check that the card is not damaged, or go to a staffed window.</translation>
    </message>
    <message>
        <source>请到人工窗口办理，或稍后再试。</source>
        <translation>Please go to a staffed window, or try again later.</translation>
    </message>
    <message>
        <source>请稍后再试，或到人工窗口办理。</source>
        <translation>Please try again later, or go to a staffed window.</translation>
    </message>
    <message>
        <source>如有疑问，请到人工窗口咨询。</source>
        <translation>If you have questions, please ask at a staffed window.</translation>
    </message>
    <message>
        <source>请到人工窗口办理。</source>
        <translation>Please go to a staffed window.</translation>
    </message>
    <message>
        <source>%1%2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>您的证件已过有效期。</source>
        <translation>Your card has expired.</translation>
    </message>
    <message>
        <source>您的证件尚未生效。</source>
        <translation>Your card is not valid yet.</translation>
    </message>
    <message>
        <source>无法核验这张证件的号码。</source>
        <translation>The number on this card cannot be verified.</translation>
    </message>
    <message>
        <source>证件上的信息前后不一致。</source>
        <translation>The details on this card do not agree with each other.</translation>
    </message>
    <message>
        <source>身份证读卡器</source>
        <translation>card reader</translation>
    </message>
    <message>
        <source>凭条打印机</source>
        <translation>receipt printer</translation>
    </message>
    <message>
        <source>A4 打印机</source>
        <translation>A4 printer</translation>
    </message>
    <message>
        <source>摄像头</source>
        <translation>camera</translation>
    </message>
    <message>
        <source>语音播报</source>
        <translation>voice</translation>
    </message>
    <message>
        <source>证照数据库</source>
        <translation>certificate library</translation>
    </message>
    <message>
        <source>政务数据服务</source>
        <translation>government data service</translation>
    </message>
    <message>
        <source>文件生成程序</source>
        <translation>document generator</translation>
    </message>
    <message>
        <source>人脸核验程序</source>
        <translation>face check</translation>
    </message>
    <message>
        <source>设备</source>
        <translation>device</translation>
    </message>
    <message>
        <source>凭条上有文件编号和核验二维码，人工窗口可据此核验文件真伪。</source>
        <translation>The slip has the document number and a verification QR code; a staffed window can check the document with it.</translation>
    </message>
    <message>
        <source>请取走打印好的文件</source>
        <translation>Please take your printed documents</translation>
    </message>
    <message>
        <source>设备状态</source>
        <translation>Devices</translation>
    </message>
    <message>
        <source>%1缺纸</source>
        <translation>The %1 is out of paper</translation>
    </message>
    <message numerus="yes">
        <source>共 %n 家</source>
        <translation>
            <numerusform>%n business</numerusform>
            <numerusform>%n businesses</numerusform>
        </translation>
    </message>
    <message>
        <source>上一页</source>
        <translation>Previous page</translation>
    </message>
    <message>
        <source>下一页</source>
        <translation>Next page</translation>
    </message>
    <message>
        <source>已通知大厅工作人员，请在本机旁稍候。</source>
        <translation>The hall&apos;s staff have been told. Please wait by this kiosk.</translation>
    </message>
    <message>
        <source>大厅现在有工作人员，请到人工窗口找工作人员，或拨打：</source>
        <translation>Staff are in the hall now: please ask at a service window, or call:</translation>
    </message>
    <message>
        <source>现在是非工作时间，大厅没有工作人员。请拨打值班电话：</source>
        <translation>It is outside staffed hours and nobody is in the hall. Please call the duty phone:</translation>
    </message>
    <message>
        <source>现在大厅没有工作人员。请拨打服务热线咨询，或在人工服务时间再来：</source>
        <translation>Nobody is in the hall now. Please call the service hotline, or come back during staffed hours:</translation>
    </message>
    <message>
        <source>人工服务时间：%1 至 %2</source>
        <translation>Staffed hours: %1 to %2</translation>
    </message>
    <message>
        <source>关闭本窗口前，本次办理会一直为您保留。</source>
        <translation>Your visit is kept for you until you close this window.</translation>
    </message>
    <message>
        <source>%1 %2。请告诉对方本机编号 %3。</source>
        <translation>%1 %2. Please give them this kiosk&apos;s number, %3.</translation>
    </message>
    <message>
        <source>工作人员会在工作时间给您回电。您的号码已加密保存，回访结束后删除。</source>
        <translation>Staff will call you back during staffed hours. Your number is stored encrypted and deleted after the call.</translation>
    </message>
    <message>
        <source>光线、帽子、口罩或眼镜都可能影响比对。您可以稍后重新办理，或到人工窗口办理。</source>
        <translation>Light, a hat, a mask or glasses can stop the match. You can start again later, or go to a service window.</translation>
    </message>
    <message>
        <source>已打印出 %1 页，请从下方出纸口取走。</source>
        <translation>%1 pages came out: please take them from the tray below.</translation>
    </message>
    <message>
        <source>补打</source>
        <translation>Reprint</translation>
    </message>
    <message>
        <source>凭补打码，打印上次没有打印出来的页</source>
        <translation>Print the pages a job left out, with its reprint code</translation>
    </message>
    <message>
        <source>请输入补打码</source>
        <translation>Type your reprint code</translation>
    </message>
    <message>
        <source>补打码共 8 位，印在凭条上。</source>
        <translation>The code has 8 characters and is printed on the slip.</translation>
    </message>
    <message>
        <source>确认补打码</source>
        <translation>Use this code</translation>
    </message>
    <message>
        <source>重新输入</source>
        <translation>Type it again</translation>
    </message>
    <message>
        <source>您输入的补打码：%1</source>
        <translation>The code you typed: %1</translation>
    </message>
    <message>
        <source>请输入凭条上的 8 位补打码，然后点击“确认补打码”。</source>
        <translation>Please type the 8-character reprint code from the slip, then tap “Use this code”.</translation>
    </message>
    <message>
        <source>没有找到这个补打码。</source>
        <translation>This reprint code was not found.</translation>
    </message>
    <message>
        <source>这个补打码已经用过了，每个补打码只能用一次。</source>
        <translation>This reprint code has been used already: each code works once.</translation>
    </message>
    <message>
        <source>这个补打码已过期，补打码的有效期是 %1 天。</source>
        <translation>This reprint code has expired: a code works for %1 days.</translation>
    </message>
    <message>
        <source>这份文件已经全部打印出来了，不需要补打。</source>
        <translation>Every page of this document was printed: there is nothing to reprint.</translation>
    </message>
    <message>
        <source>补打暂时不能办理：%1。</source>
        <translation>A reprint cannot be done right now: %1.</translation>
    </message>
    <message>
        <source>这个补打码不能在本机补打。</source>
        <translation>This reprint code cannot be used at this kiosk.</translation>
    </message>
    <message>
        <source>请对照凭条逐位核对，然后重新输入。</source>
        <translation>Please check it character by character against the slip, and type it again.</translation>
    </message>
    <message>
        <source>补打码仍然有效，请稍后再试。</source>
        <translation>Your code still works: please try again later.</translation>
    </message>
    <message>
        <source>请在人工服务时间（%1 至 %2）到人工窗口办理，或拨打服务热线 %3。</source>
        <translation>Please go to a service window during staffed hours (%1 to %2), or call the service hotline %3.</translation>
    </message>
    <message>
        <source>请拨打服务热线 %1 咨询。</source>
        <translation>Please call the service hotline %1.</translation>
    </message>
    <message>
        <source>补打：%1 没有打印出来的页（共 %2 页）</source>
        <translation>Reprint of %1: the pages that were not printed (%2 in all)</translation>
    </message>
    <message>
        <source>您需要：首次打印时使用的同一张证件。办理中需进行人脸核验。</source>
        <translation>You need: the same card you used for the first printing. Your face will be checked.</translation>
    </message>
    <message>
        <source>您需要：首次打印时使用的同一张证件。</source>
        <translation>You need: the same card you used for the first printing.</translation>
    </message>
    <message>
        <source>补打码已打印在凭条上，请从右侧出纸口取走凭条。</source>
        <translation>The reprint code is printed on a slip: please take it from the slot on the right.</translation>
    </message>
    <message>
        <source>凭条打印机暂时不能打印，请拍照或记下补打码。</source>
        <translation>The slip printer cannot print now: please take a photo of the reprint code or write it down.</translation>
    </message>
    <message>
        <source>数据存储</source>
        <translation>data storage</translation>
    </message>
    <message>
        <source>系统时钟</source>
        <translation>system clock</translation>
    </message>
    <message>
        <source>%1纸张即将用完</source>
        <translation>The %1 is nearly out of paper</translation>
    </message>
    <message>
        <source>%1的盖子没有关好</source>
        <translation>The %1&apos;s cover is open</translation>
    </message>
    <message>
        <source>%1没有连接</source>
        <translation>The %1 is not connected</translation>
    </message>
    <message>
        <source>%1已暂停</source>
        <translation>The %1 is paused</translation>
    </message>
    <message>
        <source>没有检测到%1</source>
        <translation>No %1 was found</translation>
    </message>
    <message>
        <source>%1画面停止了</source>
        <translation>The %1 has stopped sending pictures</translation>
    </message>
    <message>
        <source>%1读卡出错</source>
        <translation>The %1 could not read the card</translation>
    </message>
    <message>
        <source>%1的安全模块故障</source>
        <translation>The %1&apos;s security module has failed</translation>
    </message>
    <message>
        <source>%1没有响应</source>
        <translation>The %1 does not answer</translation>
    </message>
    <message>
        <source>%1暂时无法访问</source>
        <translation>The %1 cannot be reached</translation>
    </message>
    <message>
        <source>%1无法加载识别模型</source>
        <translation>The %1 cannot load its model</translation>
    </message>
    <message>
        <source>%1缺少文件所用的字体</source>
        <translation>The %1 is missing the fonts documents are set in</translation>
    </message>
    <message>
        <source>%1空间已满</source>
        <translation>The %1 is full</translation>
    </message>
    <message>
        <source>%1无法写入</source>
        <translation>The %1 cannot be written</translation>
    </message>
    <message>
        <source>%1被其他程序占用</source>
        <translation>The %1 is held by another program</translation>
    </message>
    <message>
        <source>%1已损坏</source>
        <translation>The %1 is damaged</translation>
    </message>
    <message>
        <source>%1无法访问</source>
        <translation>The %1 cannot be reached</translation>
    </message>
    <message>
        <source>%1的日期不正确</source>
        <translation>The %1 shows a wrong date</translation>
    </message>
    <message>
        <source>%1响应超时</source>
        <translation>The %1 did not answer in time</translation>
    </message>
    <message>
        <source>%1返回的信息有误</source>
        <translation>The %1 sent back information that cannot be used</translation>
    </message>
    <message>
        <source>%1暂时无法使用</source>
        <translation>The %1 cannot be used right now</translation>
    </message>
    <message>
        <source>请正对摄像头</source>
        <translation>Please look at the camera</translation>
    </message>
    <message>
        <source>请确保画面中只有您一人</source>
        <translation>Only one person, please</translation>
    </message>
    <message>
        <source>请靠近一些</source>
        <translation>Please come a little closer</translation>
    </message>
    <message>
        <source>请离远一些</source>
        <translation>Please move back a little</translation>
    </message>
    <message>
        <source>请把脸移到框内</source>
        <translation>Please move your face into the frame</translation>
    </message>
    <message>
        <source>光线太暗，请靠近灯光</source>
        <translation>It is too dark. Please move towards the light</translation>
    </message>
    <message>
        <source>背后光线太强，请换个角度</source>
        <translation>The light behind you is too bright. Please turn a little</translation>
    </message>
    <message>
        <source>请保持不动</source>
        <translation>Please hold still</translation>
    </message>
    <message>
        <source>请慢慢向左转头</source>
        <translation>Slowly turn your head to the left</translation>
    </message>
    <message>
        <source>请慢慢向右转头</source>
        <translation>Slowly turn your head to the right</translation>
    </message>
    <message>
        <source>正在核验，请稍候</source>
        <translation>Checking, one moment</translation>
    </message>
    <message>
        <source>核验通过</source>
        <translation>Check passed</translation>
    </message>
    <message>
        <source>没有核验通过，请再试一次。</source>
        <translation>That did not match. Please try again.</translation>
    </message>
    <message>
        <source>没有完成动作，请按提示再试一次。</source>
        <translation>The movement was not completed. Please follow the prompt and try again.</translation>
    </message>
    <message>
        <source>时间到了，请再试一次。</source>
        <translation>Time ran out. Please try again.</translation>
    </message>
    <message>
        <source>请取走您的身份证</source>
        <translation>Please take your ID card</translation>
    </message>
    <message>
        <source>请取走打印好的文件和凭条</source>
        <translation>Please take your document and receipt</translation>
    </message>
    <message>
        <source>本机暂停服务</source>
        <translation>This kiosk is out of service</translation>
    </message>
    <message>
        <source>设备正在恢复，请稍后再试，或到人工窗口办理。</source>
        <translation>It is recovering. Please try again later, or go to a staffed window.</translation>
    </message>
    <message>
        <source>如需帮助，请拨打服务热线 %1</source>
        <translation>For help, call the service hotline %1</translation>
    </message>
    <message>
        <source>本机暂停服务，请到人工窗口办理。</source>
        <translation>This kiosk is out of service. Please go to a staffed window.</translation>
    </message>
    <message>
        <source>原因：%1。请联系技术人员。</source>
        <translation>Reason: %1. Please call a technician.</translation>
    </message>
    <message>
        <source>人脸核验</source>
        <translation>Face check</translation>
    </message>
    <message>
        <source>第 %1 次，共 %2 次</source>
        <translation>Attempt %1 of %2</translation>
    </message>
    <message>
        <source>动作 %1 / %2</source>
        <translation>Step %1 of %2</translation>
    </message>
    <message>
        <source>请把脸放进椭圆框内</source>
        <translation>Put your face inside the oval</translation>
    </message>
    <message>
        <source>画面只用于本次核验，不会保存。</source>
        <translation>The picture is used for this check only and is never stored.</translation>
    </message>
    <message>
        <source>请正对摄像头，把脸放进椭圆框内，按提示完成动作。</source>
        <translation>Look at the camera, put your face inside the oval and follow the prompts.</translation>
    </message>
    <message>
        <source>请调整一下，再试一次</source>
        <translation>Adjust a little and try again</translation>
    </message>
    <message>
        <source>请摘下帽子和口罩；戴眼镜的话，请摘下或避开反光；站到光线明亮的地方，正对摄像头。</source>
        <translation>Take off your hat and mask; take off your glasses or avoid reflections; stand in good light, facing the camera.</translation>
    </message>
    <message>
        <source>重新核验</source>
        <translation>Try again</translation>
    </message>
    <message>
        <source>请摘下帽子和口罩，站到光线明亮的地方。准备好后，请点击重新核验。</source>
        <translation>Please take off your hat and mask and stand in good light. When you are ready, tap Try again.</translation>
    </message>
    <message>
        <source>请选择要打印营业执照的企业</source>
        <translation>Choose the business whose license you need</translation>
    </message>
    <message>
        <source>以下是您担任法定代表人的企业，请点击其中一家。</source>
        <translation>These are the businesses you represent. Tap one of them.</translation>
    </message>
    <message>
        <source>统一社会信用代码 %1</source>
        <translation>Unified social credit code %1</translation>
    </message>
    <message>
        <source>请点击要打印营业执照的企业名称。</source>
        <translation>Tap the name of the business whose license you need.</translation>
    </message>
    <message>
        <source>正在查询，请稍候</source>
        <translation>Looking it up, one moment</translation>
    </message>
    <message>
        <source>正在查询“%1”并生成文件，通常只需几秒钟。</source>
        <translation>Looking up “%1” and preparing the document. This usually takes a few seconds.</translation>
    </message>
    <message>
        <source>正在查询，请稍候。</source>
        <translation>Looking it up, one moment.</translation>
    </message>
    <message>
        <source>请核对文件，然后打印</source>
        <translation>Check the document, then print it</translation>
    </message>
    <message>
        <source>文件编号 %1</source>
        <translation>Document number %1</translation>
    </message>
    <message>
        <source>第 %1 页，共 %2 页</source>
        <translation>Page %1 of %2</translation>
    </message>
    <message>
        <source>%1（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>再听一遍</source>
        <translation>Hear it again</translation>
    </message>
    <message>
        <source>身份核验</source>
        <translation>ID check</translation>
    </message>
    <message>
        <source>核对</source>
        <translation>Check</translation>
    </message>
    <message>
        <source>打印</source>
        <translation>Print</translation>
    </message>
    <message>
        <source>取件</source>
        <translation>Collect</translation>
    </message>
    <message>
        <source>第 %1 步，共 %2 步：%3</source>
        <translation>Step %1 of %2: %3</translation>
    </message>
    <message>
        <source>要结束本次办理吗？</source>
        <translation>End this visit?</translation>
    </message>
    <message>
        <source>结束后，您的信息会从本机清除，需要重新开始办理。</source>
        <translation>Your details will be cleared from this kiosk, and you would have to start again.</translation>
    </message>
    <message>
        <source>继续办理</source>
        <translation>Keep going</translation>
    </message>
    <message>
        <source>请携带本人居民身份证或外国人永久居留身份证</source>
        <translation>Please have your resident ID card or foreign permanent resident ID card ready</translation>
    </message>
    <message>
        <source>使用长辈模式开始</source>
        <translation>Start in elderly mode</translation>
    </message>
    <message>
        <source>Start in English</source>
        <translation>Start in English</translation>
    </message>
    <message>
        <source>您需要：本人居民身份证或外国人永久居留身份证。办理中需进行人脸核验。</source>
        <translation>You need your own resident ID card or foreign permanent resident ID card. The kiosk will check your face against it.</translation>
    </message>
    <message>
        <source>您需要：本人居民身份证或外国人永久居留身份证。</source>
        <translation>You need your own resident ID card or foreign permanent resident ID card.</translation>
    </message>
    <message>
        <source>为办理本业务，本机将读取您的证件信息，并采集您的现场照片与证件照片比对。您的信息仅用于本次办理，办理结束后立即从本机清除，不会保存或用于其他用途。本机只记录脱敏后的证件号码和办理结果，用于统计和查验。</source>
        <translation>To do this, the kiosk reads your ID card (a resident ID card or a foreign permanent resident ID card) and compares a live picture of you with the photo on the card. Your details are used for this visit only and are erased from the kiosk as soon as it ends; they are never stored or used for anything else. The kiosk keeps only a masked card number and the result, for statistics and checks.</translation>
    </message>
    <message>
        <source>您的记录在首次打印后有了变化，不能补打。</source>
        <translation>Your record has changed since the first printing: the missing pages cannot be reprinted.</translation>
    </message>
    <message>
        <source>凭补打码可在本机“补打”或窗口免费补打未打印的页。</source>
        <translation>With the reprint code, the missing pages print free: here (Reprint) or at a window.</translation>
    </message>
    <message>
        <source>请重新办理本业务，打印一份完整的新文件。</source>
        <translation>Please start this service again to print a complete new document.</translation>
    </message>
    <message>
        <source>这张证件的号码格式不正确。</source>
        <translation>The number on this card is not in the right form.</translation>
    </message>
    <message>
        <source>文件以中文出具。</source>
        <translation>The document itself is issued in Chinese.</translation>
    </message>
    <message>
        <source>点击页面可放大查看。</source>
        <translation>Tap a page to see it larger.</translation>
    </message>
    <message>
        <source>第 %1–%2 页，共 %3 页</source>
        <translation>Pages %1–%2 of %3</translation>
    </message>
    <message>
        <source>打印份数</source>
        <translation>Copies</translation>
    </message>
    <message>
        <source>本业务每次最多打印 %1 份</source>
        <translation>Up to %1 copies per visit</translation>
    </message>
    <message>
        <source>减少一份</source>
        <translation>One copy fewer</translation>
    </message>
    <message>
        <source>增加一份</source>
        <translation>One copy more</translation>
    </message>
    <message>
        <source>打印 %1 份</source>
        <translation>Print (%1)</translation>
    </message>
    <message>
        <source>关闭大图</source>
        <translation>Close the enlarged page</translation>
    </message>
    <message>
        <source>请核对文件内容。选好份数后，请点击“打印”。</source>
        <translation>Please check the document. Choose the number of copies, then tap “Print”.</translation>
    </message>
    <message>
        <source>正在打印，请稍候</source>
        <translation>Printing, one moment</translation>
    </message>
    <message>
        <source>第 %1 页 / 共 %2 页</source>
        <translation>Page %1 of %2</translation>
    </message>
    <message>
        <source>正在准备打印…</source>
        <translation>Getting the printer ready…</translation>
    </message>
    <message>
        <source>打印完成前请不要离开，文件从下方出纸口送出。</source>
        <translation>Please stay until printing is finished. The pages come out of the slot below.</translation>
    </message>
    <message>
        <source>正在打印，请稍候，打印完成前请不要离开。</source>
        <translation>Printing. Please stay until it is finished.</translation>
    </message>
    <message>
        <source>文件已打印，正在打印凭条</source>
        <translation>Your document is printed; now printing the receipt</translation>
    </message>
    <message>
        <source>文件已打印，正在打印凭条，请稍候。</source>
        <translation>Your document is printed. Now printing the receipt, one moment.</translation>
    </message>
    <message>
        <source>证件还在屏幕下方的感应区上。</source>
        <translation>Your card is still on the reader below the screen.</translation>
    </message>
    <message>
        <source>文件在下方出纸口，凭条在右侧出纸口。</source>
        <translation>The document is in the slot below, the receipt in the slot on the right.</translation>
    </message>
    <message>
        <source>文件在下方出纸口。</source>
        <translation>The document is in the slot below.</translation>
    </message>
    <message>
        <source>凭条没有打印出来，但文件已打印完成；可用文件上的二维码查验真伪。</source>
        <translation>The receipt could not be printed, but your document is complete; its QR code proves it is genuine.</translation>
    </message>
    <message>
        <source>%1。%2</source>
        <translation>%1. %2</translation>
    </message>
    <message>
        <source>请取走已打印的 %1 页</source>
        <translation>Please take the %1 pages that came out</translation>
    </message>
    <message>
        <source>您对本次服务满意吗？</source>
        <translation>How satisfied are you with this service?</translation>
    </message>
    <message>
        <source>跳过评价</source>
        <translation>Skip rating</translation>
    </message>
    <message>
        <source>非常满意</source>
        <translation>Very satisfied</translation>
    </message>
    <message>
        <source>满意</source>
        <translation>Satisfied</translation>
    </message>
    <message>
        <source>基本满意</source>
        <translation>Mostly satisfied</translation>
    </message>
    <message>
        <source>不满意</source>
        <translation>Dissatisfied</translation>
    </message>
    <message>
        <source>非常不满意</source>
        <translation>Very dissatisfied</translation>
    </message>
    <message>
        <source>请为本次服务评价，点击一个选项即可。</source>
        <translation>Please rate this service by tapping one answer.</translation>
    </message>
    <message>
        <source>维护人员登录</source>
        <translation>Technician sign-in</translation>
    </message>
    <message>
        <source>请输入维护密码。</source>
        <translation>Enter the technician PIN.</translation>
    </message>
    <message>
        <source>密码不正确，请重新输入。</source>
        <translation>Wrong PIN. Please try again.</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>确认</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <source>设备诊断</source>
        <translation>Diagnostics</translation>
    </message>
    <message>
        <source>本机编号：%1</source>
        <translation>Kiosk %1</translation>
    </message>
    <message>
        <source>评价报送政务服务“好差评”系统，用于改进服务。</source>
        <translation>Ratings go to the government service rating system, to improve the service.</translation>
    </message>
    <message>
        <source>很抱歉让您不满意。请问是哪些方面？</source>
        <translation>We are sorry you were not satisfied. What went wrong?</translation>
    </message>
    <message>
        <source>可以选择多项，也可以不选直接提交。</source>
        <translation>Choose as many as you like, or none.</translation>
    </message>
    <message>
        <source>提交评价</source>
        <translation>Send rating</translation>
    </message>
    <message>
        <source>提交并请工作人员回电</source>
        <translation>Send and ask for a call back</translation>
    </message>
    <message>
        <source>请选择不满意的原因，可以选择多项，然后点击提交评价。</source>
        <translation>Please choose what went wrong, as many as you like, then tap Send rating.</translation>
    </message>
    <message>
        <source>人脸核验不通过</source>
        <translation>Face check did not pass</translation>
    </message>
    <message>
        <source>未能办成</source>
        <translation>Could not get it done</translation>
    </message>
    <message>
        <source>操作复杂</source>
        <translation>Hard to use</translation>
    </message>
    <message>
        <source>等待时间长</source>
        <translation>Long wait</translation>
    </message>
    <message>
        <source>材料有误</source>
        <translation>Wrong document</translation>
    </message>
    <message>
        <source>想办的业务不能办</source>
        <translation>The service I need is not offered</translation>
    </message>
    <message>
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>请留下回访电话</source>
        <translation>Leave a number for a call back</translation>
    </message>
    <message>
        <source>您的电话号码只用于这次评价的回访，加密保存，不会显示在屏幕上或记入日志；回访结束或 %1 天后删除。</source>
        <translation>Your number is used only to call you back about this rating. It is stored encrypted, never shown on screen or logged, and deleted after the call or after %1 days.</translation>
    </message>
    <message>
        <source>电话号码：%1</source>
        <translation>Phone number: %1</translation>
    </message>
    <message>
        <source>这不是有效的电话号码，请输入 11 位手机号码，或带区号的固定电话。</source>
        <translation>That is not a phone number: please enter an 11-digit mobile number, or a landline with its area code.</translation>
    </message>
    <message>
        <source>同意并提交</source>
        <translation>Agree and send</translation>
    </message>
    <message>
        <source>不用回访</source>
        <translation>No call back</translation>
    </message>
    <message>
        <source>如需工作人员回电，请输入您的电话号码，然后点击同意并提交。</source>
        <translation>For a call back from staff, enter your phone number, then tap Agree and send.</translation>
    </message>
    <message>
        <source>退出维护</source>
        <translation>Leave diagnostics</translation>
    </message>
    <message>
        <source>正在生成诊断报告，请稍候…</source>
        <translation>Making the report, one moment…</translation>
    </message>
    <message>
        <source>本机可以正常服务</source>
        <translation>Ready: every service can be offered</translation>
    </message>
    <message>
        <source>本机有故障，部分业务可能无法办理</source>
        <translation>Not ready: some services may not be available</translation>
    </message>
    <message>
        <source>正常</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>故障</source>
        <translation>Fault</translation>
    </message>
    <message>
        <source>自检</source>
        <translation>Self-tests</translation>
    </message>
    <message>
        <source>正在进行…</source>
        <translation>In progress…</translation>
    </message>
    <message>
        <source>自检结果</source>
        <translation>Test results</translation>
    </message>
    <message>
        <source>还没有自检结果。</source>
        <translation>No tests have been run yet.</translation>
    </message>
    <message>
        <source>通过</source>
        <translation>Passed</translation>
    </message>
    <message>
        <source>未通过</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>%1可以使用</source>
        <translation>The %1 works.</translation>
    </message>
    <message>
        <source>%1（配置：%2，状态：%3）</source>
        <translation>%1 (set up as %2, status %3)</translation>
    </message>
    <message>
        <source>业务</source>
        <translation>Services</translation>
    </message>
    <message>
        <source>可以办理</source>
        <translation>Available</translation>
    </message>
    <message>
        <source>暂停服务</source>
        <translation>Stopped</translation>
    </message>
    <message>
        <source>数据来源</source>
        <translation>Data sources</translation>
    </message>
    <message>
        <source>没有配置数据来源。</source>
        <translation>No data source is configured.</translation>
    </message>
    <message>
        <source>系统</source>
        <translation>System</translation>
    </message>
    <message>
        <source>数据库</source>
        <translation>Database</translation>
    </message>
    <message>
        <source>版本 %1，最新版本 %2</source>
        <translation>Revision %1, newest %2</translation>
    </message>
    <message>
        <source>磁盘</source>
        <translation>Disk</translation>
    </message>
    <message>
        <source>可用空间 %1 MB</source>
        <translation>%1 MB free</translation>
    </message>
    <message>
        <source>识别程序 %1，比对阈值 %2</source>
        <translation>Recognizer %1, threshold %2</translation>
    </message>
    <message>
        <source>文件生成</source>
        <translation>Document generator</translation>
    </message>
    <message>
        <source>文件字体：%1</source>
        <translation>Document fonts: %1</translation>
    </message>
    <message>
        <source>今天的办理情况</source>
        <translation>Today&apos;s sessions</translation>
    </message>
    <message>
        <source>今天还没有办理记录。</source>
        <translation>No sessions today yet.</translation>
    </message>
    <message>
        <source>未完成的打印任务</source>
        <translation>Unfinished print jobs</translation>
    </message>
    <message>
        <source>没有未完成的打印任务。</source>
        <translation>No unfinished print jobs.</translation>
    </message>
    <message>
        <source>最近的警告和错误</source>
        <translation>Recent warnings and errors</translation>
    </message>
    <message>
        <source>本次开机以来没有警告或错误。</source>
        <translation>No warnings or errors since the kiosk started.</translation>
    </message>
    <message>
        <source>警告</source>
        <translation>Warning</translation>
    </message>
    <message>
        <source>错误</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>补打码 %1</source>
        <translation>Reprint code %1</translation>
    </message>
    <message>
        <source>%1：%2，%3</source>
        <translation>%1: %2, %3</translation>
    </message>
    <message>
        <source>打印测试凭条</source>
        <translation>Print a test slip</translation>
    </message>
    <message>
        <source>收据纸已补充</source>
        <translation>Receipt paper refilled</translation>
    </message>
    <message>
        <source>打印 A4 测试页</source>
        <translation>Print an A4 test page</translation>
    </message>
    <message>
        <source>A4 纸已补充</source>
        <translation>A4 paper refilled</translation>
    </message>
    <message>
        <source>测试读卡</source>
        <translation>Read a card</translation>
    </message>
    <message>
        <source>测试摄像头</source>
        <translation>Test the camera</translation>
    </message>
    <message>
        <source>测试语音播报</source>
        <translation>Test the voice</translation>
    </message>
    <message>
        <source>正在打印测试凭条…</source>
        <translation>Printing a test slip…</translation>
    </message>
    <message>
        <source>已记录补纸，正在打印测试凭条…</source>
        <translation>Refill recorded; printing a test slip…</translation>
    </message>
    <message>
        <source>正在打印 A4 测试页…</source>
        <translation>Printing an A4 test page…</translation>
    </message>
    <message>
        <source>已记录补纸，正在打印 A4 测试页…</source>
        <translation>Refill recorded; printing an A4 test page…</translation>
    </message>
    <message>
        <source>请在 %1 秒内把证件放在感应区…</source>
        <translation>Place a card on the reader within %1 seconds…</translation>
    </message>
    <message>
        <source>正在测试摄像头…</source>
        <translation>Testing the camera…</translation>
    </message>
    <message>
        <source>正在播放测试语音…</source>
        <translation>Playing the test sentence…</translation>
    </message>
    <message>
        <source>办理完成</source>
        <translation>Completed</translation>
    </message>
    <message>
        <source>市民中途结束</source>
        <translation>Ended by the citizen</translation>
    </message>
    <message>
        <source>超时结束</source>
        <translation>Timed out</translation>
    </message>
    <message>
        <source>设备故障</source>
        <translation>Device fault</translation>
    </message>
    <message>
        <source>数据服务故障</source>
        <translation>Data service fault</translation>
    </message>
    <message>
        <source>证件不能使用</source>
        <translation>Card refused</translation>
    </message>
    <message>
        <source>人脸核验未通过</source>
        <translation>Face check failed</translation>
    </message>
    <message>
        <source>无法取得证件照片</source>
        <translation>No card photo to compare</translation>
    </message>
    <message>
        <source>没有查到记录</source>
        <translation>No record found</translation>
    </message>
    <message>
        <source>系统出错</source>
        <translation>System error</translation>
    </message>
    <message>
        <source>数据无法保存</source>
        <translation>Records could not be saved</translation>
    </message>
    <message>
        <source>断电或重启中断</source>
        <translation>Cut short by a power cut or restart</translation>
    </message>
    <message>
        <source>正在办理</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>打印失败</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>等待打印</source>
        <translation>Waiting to print</translation>
    </message>
    <message>
        <source>正在打印</source>
        <translation>Printing</translation>
    </message>
</context>
</TS>
