<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>Kiosk</name>
    <message>
        <source>政务服务自助终端</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>长辈模式</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>退出长辈模式</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>English</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>中文</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>朗读</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>一键求助</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>需要帮助？</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>工作人员已收到您的求助，请稍候。您也可以拨打服务热线：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>服务地点：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>关闭</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>您还在吗？</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%n 秒后将结束本次办理，并清除您的信息。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>需要更多时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>结束办理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>返回</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>完成</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请稍候…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>政务服务 自助办理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请触摸屏幕开始</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>服务时间：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请携带本人居民身份证</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>可办理：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>服务热线：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请触摸屏幕开始办理。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请选择要办理的业务</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>全程约 2 分钟，需要本人身份证</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请选择要办理的业务。点击屏幕上的业务名称即可开始。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>暂停服务：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>暂时没有可办理的业务，请到人工窗口办理。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办理须知</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>您需要：本人居民身份证。办理中需进行人脸核验。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>您需要：本人居民身份证或社会保障卡。办理中需进行人脸核验。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>您需要：本人居民身份证。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>为办理本业务，本机将读取您的身份证信息，并采集您的现场照片与证件照片比对。您的信息仅用于本次办理，办理结束后立即从本机清除，不会保存或用于其他用途。本机只记录脱敏后的证件号码和办理结果，用于统计和查验。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>同意并继续</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>返回首页</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请阅读办理须知。同意后，请点击“同意并继续”。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请将身份证放在感应区</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请将身份证或社保卡放在感应区</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>感应区在屏幕下方，亮灯处。放好后请不要移动证件。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在读取，请稍候…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请将身份证放在屏幕下方的感应区，放好后不要移动。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>证件被移开了，请重新放好，读取完成前不要移动。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>没有读取成功，请把证件重新放好。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本业务需要居民身份证，请换用身份证。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>需要使用长辈模式吗？</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1，您好。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>长辈模式字更大、按钮更大、操作时间更长，每一步都有语音提示。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>使用长辈模式</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不用，继续</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>需要使用长辈模式吗？长辈模式字更大，操作时间更长。需要请点击“使用长辈模式”。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>谢谢，再见</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>您的信息已从本机清除。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本次办理已结束，您的信息已从本机清除。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>谢谢，再见。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>您可以：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>补打码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>您较长时间没有操作，本次办理已结束。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>这张证件不能用于办理。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>多次尝试后仍无法读取您的证件。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>设备出现故障，本次办理无法继续。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>暂时无法查询到您的信息，本次办理无法继续。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>没有查到您的相关记录。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>没有查到由您担任法定代表人的企业。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>人脸核验没有通过。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>无法取得用于人脸比对的证件照片。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文件没有打印完成。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>系统出现问题，本次办理已结束。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>如需继续办理，请重新开始。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请使用有效证件，或到人工窗口办理。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请检查证件是否完好，或到人工窗口办理。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请到人工窗口办理，或稍后再试。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请稍后再试，或到人工窗口办理。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>如有疑问，请到人工窗口咨询。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请由证件持有人本人办理，或到人工窗口办理。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请到人工窗口办理。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请记下补打码，到人工窗口免费补打。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>您的证件已过有效期。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>您的证件尚未生效。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>无法核验这张证件的号码。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>证件上的信息前后不一致。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>身份证读卡器</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>凭条打印机</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A4 打印机</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>摄像头</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>语音播报</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>证照数据库</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>政务数据服务</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文件生成程序</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>人脸核验程序</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>设备</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1缺纸</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1纸张即将用完</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1的盖子没有关好</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1没有连接</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1已暂停</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>没有检测到%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1画面停止了</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1读卡出错</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1的安全模块故障</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1没有响应</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1暂时无法访问</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1响应超时</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1返回的信息有误</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1暂时无法使用</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请正对摄像头</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请确保画面中只有您一人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请靠近一些</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请离远一些</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请把脸移到框内</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>光线太暗，请靠近灯光</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>背后光线太强，请换个角度</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请保持不动</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请慢慢向左转头</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请慢慢向右转头</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在核验，请稍候</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>核验通过</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>没有核验通过，请再试一次。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>没有完成动作，请按提示再试一次。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>时间到了，请再试一次。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请取走您的身份证</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请取走打印好的文件和凭条</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本机暂停服务</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>设备正在恢复，请稍后再试，或到人工窗口办理。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>如需帮助，请拨打服务热线 %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本机暂停服务，请到人工窗口办理。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>人脸核验</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>第 %1 次，共 %2 次</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>动作 %1 / %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请把脸放进椭圆框内</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>画面只用于本次核验，不会保存。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请正对摄像头，把脸放进椭圆框内，按提示完成动作。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请选择要打印营业执照的企业</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>以下是您担任法定代表人的企业，请点击其中一家。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>统一社会信用代码 %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请点击要打印营业执照的企业名称。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在查询，请稍候</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在查询“%1”并生成文件，通常只需几秒钟。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在查询，请稍候。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请核对文件，然后打印</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文件编号 %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>共 %n 页</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>点击页面可放大查看，上下拖动可翻页。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>第 %1 页，共 %2 页</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打印份数</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本业务每次最多打印 %1 份</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>减少一份</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>增加一份</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打印 %1 份</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>关闭大图</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请核对文件内容。选好份数后，请点击“打印”。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在打印，请稍候</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>第 %1 页 / 共 %2 页</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在准备打印…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打印完成前请不要离开，文件从下方出纸口送出。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在打印，请稍候，打印完成前请不要离开。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文件已打印，正在打印凭条</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>凭条上有文件编号和查验码，可用来核验文件真伪。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文件已打印，正在打印凭条，请稍候。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>证件还在屏幕下方的感应区上。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文件在下方出纸口，凭条在右侧出纸口。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文件在下方出纸口。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>凭条没有打印出来，但文件已打印完成；可用文件上的二维码查验真伪。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1。%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>您对本次服务满意吗？</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>评价是匿名的，只用于改进服务。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>跳过评价</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>非常满意</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>满意</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>基本满意</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不满意</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>非常不满意</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请为本次服务评价，点击一个选项即可。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
